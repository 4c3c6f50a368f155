print("core-benchmark: not yet written")
