print("claims-benchmark: not yet written")
