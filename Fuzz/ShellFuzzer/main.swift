import FuzzDriver

runFuzzer(fuzzShell)
