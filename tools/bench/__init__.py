"""Benchmarks: each figure beside a peer measured in the same run, results under bench/results/.

``python -m tools.bench`` runs them all (what ``make bench`` calls); each one also runs alone as
``python -m tools.bench.<name>``. ``common`` holds what they share, ``peers`` builds the peer
sites from ``peer/``. See bench/README.md for the figures and how they are taken.
"""
