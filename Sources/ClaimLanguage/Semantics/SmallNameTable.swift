/// A few names and what they map to, looked up by a short scan: a fence declares a handful of names, and
/// comparing short strings costs less than hashing them.
struct SmallNameTable<Value> {
    private var names: [String] = []
    private var values: [Value] = []

    subscript(_ name: String) -> Value? {
        get {
            for i in names.indices where names[i] == name { return values[i] }
            return nil
        }
        set {
            if let i = names.firstIndex(of: name) {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }
}
