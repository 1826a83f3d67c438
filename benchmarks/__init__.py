"""Benchmarks of Cable Reader: a synthetic full-size corpus, a floor, and a runner.

Kept outside the `cablereader` package so that nothing here ships with the app; the
runner only uses the app's public API (importer, store, query parser, CLI).
"""
