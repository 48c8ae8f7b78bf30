"""Extension points: an app offers a hook, the composition root (`portal`) fills it at start-up.

An app that must not import another (members knows nothing of events) still shows what the
other contributes, e.g. an organisation's upcoming events on its profile: members offers the
hook, `portal.composition` connects the events app's provider to it. A hook used before it was
connected raises: a page that silently lacks a section is a bug, not a fallback.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    """A part of a page another app renders: its template and what the template needs.

    A page may take its sections from a shared fragment (the same for every visitor): a
    section that shows something of the person (their buttons, what they may see) says
    `personal=True` and is rendered for each request, after the shared ones. `items` may be
    lazy (`SimpleLazyObject`), so a section from the fragment runs no query."""

    template: str
    items: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    personal: bool = False


class HookNotConnected(RuntimeError):
    pass


class Hook:
    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.__doc__ = doc
        self._providers: tuple | None = None

    def connect(self, *providers) -> None:
        """Called once, by the composition root."""
        if self._providers is not None:
            raise RuntimeError(f"The hook {self.name} is connected already.")
        self._providers = providers

    @property
    def providers(self) -> tuple:
        if self._providers is None:
            raise HookNotConnected(f"The hook {self.name} was never connected: "
                                   "portal.composition.connect() must fill it.")
        return self._providers

    def collect(self, *args, **kwargs) -> list:
        """Ask every provider; keep what they return (None means nothing to show)."""
        results = (provider(*args, **kwargs) for provider in self.providers)
        return [result for result in results if result is not None]
