import Diagnostics
import Foundation
import KaTeX

/// Cleanup hooks for the command line tool.
public enum SiteBuildCleanup {
    /// Removes the staging folders of builds in progress (for signal handlers).
    public static func removeStagingFolders() {
        SiteWriter.removeActiveStagingFolders()
    }
}
