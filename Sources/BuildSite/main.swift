print("build-site: not yet written")
