"""Every sentence built from numbers: highlights, bullets, key numbers, card deltas, projections, mail text.

Each sentence's wording is a catalogue key (`analysis/i18n/catalog/`) spelt out where it is filled in.
"""
