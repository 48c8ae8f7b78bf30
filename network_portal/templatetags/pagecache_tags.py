"""`{% cachefragment %}`: a part of a page that is the same for every visitor, from the shared
cache, invalidated exactly like the cached pages (network_portal/pagecache.py).

    {% load pagecache_tags %}
    {% cachefragment "trips-archive" "trips" "directory" vary=request.get_full_path %}
      … the expensive list …
    {% endcachefragment %}

The first argument names the fragment, the others are its topics; `vary=` adds what else it
depends on (the query string, a page number), and so does every other keyword argument
(`signed_in=user.is_authenticated`); the active language is always part of the key.
Use it only around markup that shows nothing of the person (no "edit" buttons, no CSRF token):
a member's page renders its header and per-person parts, and takes the rest from here.
"""

from django import template
from django.template.base import token_kwargs
from django.utils import translation
from django.utils.safestring import mark_safe

from network_portal import pagecache

register = template.Library()


class CacheFragmentNode(template.Node):
    def __init__(self, nodelist, name, topics, vary):
        # vary: [(keyword, expression)], in the order written.
        self.nodelist, self.name, self.topics, self.vary = nodelist, name, topics, vary

    def render(self, context):
        name = str(self.name.resolve(context))
        topics = [str(topic.resolve(context)) for topic in self.topics]
        vary = [translation.get_language() or ""]
        vary += [f"{keyword}={expression.resolve(context)}" for keyword, expression in self.vary]
        return mark_safe(pagecache.fragment(name, topics, lambda: self.nodelist.render(context),
                                            vary=vary))


@register.tag
def cachefragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("cachefragment needs a name and its topics")
    split = next((index for index, bit in enumerate(bits) if "=" in bit), len(bits))
    keywords = bits[split:]
    count = len(keywords)
    kwargs = token_kwargs(keywords, parser)  # consumes `keywords`
    if keywords or len(kwargs) != count:
        raise template.TemplateSyntaxError("cachefragment: keyword arguments come last")
    bits = bits[:split]
    if not bits:
        raise template.TemplateSyntaxError("cachefragment needs a name")
    nodelist = parser.parse(("endcachefragment",))
    parser.delete_first_token()
    name, *topics = (parser.compile_filter(bit) for bit in bits)
    return CacheFragmentNode(nodelist, name, topics, list(kwargs.items()))
