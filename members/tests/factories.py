import factory

from members.models import (
    PROFILE_FIELDS,
    ContactPerson,
    Membership,
    Organization,
    ProfileChangeRequest,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)


def stage(code: str) -> ValueChainStage:
    return ValueChainStage.objects.get(code=code)


def region(slug: str) -> Region:
    return Region.objects.get(slug=slug)


def topic(code: str) -> Topic:
    return Topic.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zellwerk {n} GmbH")
    slug = factory.Sequence(lambda n: f"zellwerk-{n}")
    kind = Organization.Kind.COMPANY
    status = Organization.Status.PUBLISHED
    city = "Zwickau"
    description_de = "Wir fertigen Batteriezellen."
    description_en = "We make battery cells."

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create and extracted:
            self.stages.set([stage(c) if isinstance(c, str) else c for c in extracted])

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set([topic(c) if isinstance(c, str) else c for c in extracted])


class ClusterFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Batterienetzwerk {n}")
    slug = factory.Sequence(lambda n: f"batterienetzwerk-{n}")
    kind = Organization.Kind.CLUSTER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    cluster = factory.SubFactory(ClusterFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Erika Muster {n}")
    function = "Vertrieb"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.com")
    public_consent = True


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    organization = factory.SubFactory(OrganizationFactory)
    status = Representative.Status.CONFIRMED


class ChangeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileChangeRequest

    organization = factory.SubFactory(OrganizationFactory)
    proposed = factory.LazyFunction(lambda: {"city": "Chemnitz"})


def profile_data(organisation, **changes):
    """What the edit form posts: the profile as it is, with `changes`."""
    data = {f: getattr(organisation, f) or "" for f in PROFILE_FIELDS if f != "region"}
    data["region"] = organisation.region.slug if organisation.region else ""
    data.update(changes)
    return data
