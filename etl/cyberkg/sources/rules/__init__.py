"""Phrase rules as data (each rule with the example it must decide, tested)."""
