"""Attach metric, region, programme and period to each quantity.

One module per attribute; ``context.py`` holds the per-document state that
carries from sentence to sentence (the place a paragraph is about, the
programme an article is about, the period a paragraph is as of).
"""
