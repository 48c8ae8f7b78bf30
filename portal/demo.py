"""Demo accounts, one per role. Only for development: seed_demo refuses to run without DEBUG."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members.models import Organization
from network_portal import services
from network_portal.demo import upsert

# e-mail, password, role, cluster slug, first name, last name (all fictional)
ACCOUNTS = [
    ("clustermanager@demo.example", "demo-cluster-2027", "cluster-manager",
     "akkumulatoren-campus-zwickau", "Karla", "Clausen"),
    ("wirtschaftsfoerderung@demo.example", "demo-wifoe-2027", "economic-development", None,
     "Wenzel", "Förster"),
    ("admin@demo.example", "demo-admin-2027", "admin", None, "Ada", "Admin"),
]


def seed(stdout=None) -> None:
    User = get_user_model()
    for email, password, role, cluster, first, last in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password,
                                            first_name=first, last_name=last)
        upsert(EmailAddress, {"verified": True, "primary": True}, user=user, email=email)
        organisation = Organization.objects.get(slug=cluster) if cluster else None
        services.grant_role(user, role, cluster=organisation)
        if stdout:
            where = f" ({organisation.name})" if organisation else ""
            stdout.write(f"  {role + where:55} {email:38} {password}")
