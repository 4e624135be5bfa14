"""Personal data: find it (``detect``), mask it (``mask_text``, ``mask_ticket``).

Checksums and phone parsing come from maintained libraries (python-stdnum for Luhn, IBAN and SSN rules;
Google's libphonenumber port for phone numbers); the patterns here only find candidates for them.
"""

from assistant.privacy.detect import KINDS, Found, detect
from assistant.privacy.mask import MASK, mask_text, mask_ticket

__all__ = ["KINDS", "MASK", "Found", "detect", "mask_text", "mask_ticket"]
