import Diagnostics
import Foundation
import KaTeX

/// Checks for the Debian packages the tool needs at run time.
public enum Prerequisites {
    /// A message naming what is missing and how to install it, or `nil` when all is there.
    public static func missing() -> String? {
        do {
            _ = try KaTeXInstallation.locate()
            return nil
        } catch {
            return "build-site: error: \(error)\n"
        }
    }
}
