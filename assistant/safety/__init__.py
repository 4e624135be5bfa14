"""Defences against hostile text: normalisation of obfuscated text, prompt-injection detection, echo guard."""
