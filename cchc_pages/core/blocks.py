"""StreamField blocks for article bodies: what reform news and plan documents contain."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from ..directory.blocks import ContactCardBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cchc_pages/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=pgettext_lazy("content block", "Image"))
    caption = blocks.CharBlock(label=pgettext_lazy("content block", "Caption"), required=False, max_length=500)
    attribution = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = pgettext_lazy("content block", "Image")
        template = "cchc_pages/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cchc_pages/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=pgettext_lazy("content block", "Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, max_length=255, help_text=_("Defaults to the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = pgettext_lazy("content block", "Document")
        template = "cchc_pages/blocks/document.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"],
        template="cchc_pages/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    table = TableBlock(
        label=pgettext_lazy("content block", "Table"),
        table_options={"renderer": "text", "startRows": 3, "startCols": 3},
    )
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    contact_card = ContactCardBlock()
