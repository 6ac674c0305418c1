"""The anonymiser lives in ``manx_learning.lib.anonymiser`` (framework-free modules sit in lib).

This package stays only so the documented ``python -m manx_learning.publishing.anonymiser``
command keeps working; import from ``manx_learning.lib.anonymiser``.
"""
