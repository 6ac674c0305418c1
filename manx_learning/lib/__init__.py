"""Framework-free modules: plain Python with no Django imports and no imports of any app.

They sit at the bottom of the layers declared in `manx_learning.layers`, so they can be tested
and benchmarked alone and used by every app above them."""
