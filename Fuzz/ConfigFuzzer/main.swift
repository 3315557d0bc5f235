import FuzzDriver

runFuzzer(fuzzConfig)
