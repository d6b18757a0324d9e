"""Search and sharing metadata of the published questions and answers (see cchc_pages/metadata/).

Only what the public page shows goes in: the public subject and wording, the answer, the answering
unit; never the citizen's name or contact details.
"""

from django.utils import timezone

from cchc_pages.metadata.builder import plain, web_page


def answers_metadata(meta, page, request, context):
    """The Q&A list is a CollectionPage; one published answer a QAPage with its Question."""
    item = context.get("item")
    if item is None:
        meta.jsonld = [web_page(meta, "CollectionPage")]
        return
    meta.title = item.public_subject or meta.title
    meta.description = plain(item.public_content) or meta.title
    question = {
        "@type": "Question",
        "name": meta.title,
        "text": plain(item.public_content, 200),
        "dateCreated": timezone.localtime(item.received_at).isoformat(),
        "answerCount": 1 if item.answer else 0,
    }
    if item.answer:
        answer = {"@type": "Answer", "text": plain(item.answer, 500), "url": meta.url}
        if item.answered_at:
            answer["dateCreated"] = timezone.localtime(item.answered_at).isoformat()
        if item.unit:
            answer["author"] = {"@type": "GovernmentOrganization", "name": item.unit.name}
        question["acceptedAnswer"] = answer
    meta.jsonld = [{**web_page(meta, "QAPage"), "mainEntity": question}]
