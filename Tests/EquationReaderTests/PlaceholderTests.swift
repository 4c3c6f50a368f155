import EquationReader
import Testing

@Test func automaticDeclarationsExist() {
    #expect(EquationDeclarations.automatic.fence.givens.isEmpty)
}
