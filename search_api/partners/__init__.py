"""Media partners (*kerjasama media*): contracts in ``partners.yaml``, the counting of the items
each contract pays for, and the monthly proof-of-publication report (*bukti tayang*) as JSON,
XLSX and a PDF clipping. See docs/partners.md.
"""
