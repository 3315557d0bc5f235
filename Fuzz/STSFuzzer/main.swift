import FuzzDriver

runFuzzer(fuzzSTS)
