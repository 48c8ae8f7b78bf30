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
In a request, the page's fragments are looked up together after it rendered
(`pagecache.FragmentBatch`); a fragment that is not in the cache is then rendered with a copy
of the context as it was at the tag, so it must not rely on `forloop` (which changes in place)
and holds no `{% block %}`.
"""

from django import template
from django.template.base import token_kwargs
from django.utils import translation
from django.utils.safestring import mark_safe

from network_portal import pagecache

register = template.Library()


class CacheFragmentNode(template.Node):
    # Django looks for `{% block %}` nodes through every child nodelist each time a template
    # that extends base.html renders; a fragment holds no blocks (it could not be shared if it
    # did), so its contents are left out of that walk.
    child_nodelists = ()

    def __init__(self, nodelist, name, topics, vary):
        # vary: [(keyword, expression)], in the order written.
        self.nodelist, self.name, self.topics, self.vary = nodelist, name, topics, vary

    def render(self, context):
        name = str(self.name.resolve(context))
        topics = [str(topic.resolve(context)) for topic in self.topics]
        vary = [translation.get_language() or ""]
        vary += [f"{keyword}={expression.resolve(context)}" for keyword, expression in self.vary]
        batch = pagecache.fragment_batch(getattr(context, "request", None))
        if batch is not None:
            # Rendered later, if it is not in the cache: with the context as it is here.
            snapshot = context.new(context.flatten())
            return mark_safe(batch.defer(name, topics, lambda: self.nodelist.render(snapshot),
                                         vary=vary))
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
