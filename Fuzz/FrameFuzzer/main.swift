import FuzzDriver

runFuzzer(fuzzFrame)
