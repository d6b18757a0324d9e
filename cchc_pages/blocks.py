"""The documented import ``from cchc_pages.blocks import ArticleBodyBlock`` (README): the body
blocks live in core.blocks."""

from .core.blocks import ArticleBodyBlock

__all__ = ["ArticleBodyBlock"]
