.PHONY: bench

# Wall time and peak RSS of rolesh against awsume, the aws CLI and its floors; writes
# Benchmarks/RESULTS.md and Benchmarks/ratios.png.
bench:
	Benchmarks/bench
