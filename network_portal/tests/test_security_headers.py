def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_bootstrap_from_the_portal_itself(client, db):
    html = client.get("/").content.decode()

    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/bootstrap/js/bootstrap.bundle.min.js" in html
    assert "https://" not in html.split("<body")[0]


def test_forms_are_protected_against_cross_site_requests(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})

    assert response.status_code == 403


def test_the_policy_built_once_is_the_one_django_csp_builds(client, member, settings):
    from csp.utils import build_policy

    client.force_login(member)
    for path in ("/", "/events/", "/accounts/login/"):
        assert client.get(path).headers["Content-Security-Policy"] == build_policy()
    # a changed setting counts at once
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"],
                                                       "img-src": ["'self'", "data:"]}}
    policy = client.get("/").headers["Content-Security-Policy"]
    assert sorted(policy.split("; ")) == ["default-src 'self'", "img-src 'self' data:"]


def test_a_nonce_or_a_decorator_still_gets_django_csps_own_policy(rf):
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from network_portal.middleware import CSPMiddleware

    def with_nonce(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    @csp_update({"img-src": ["https://tiles.example"]})
    def with_update(request):
        return HttpResponse("map")

    request = rf.get("/")
    response = CSPMiddleware(with_nonce)(request)
    assert f"'nonce-{request._csp_nonce}'" in response.headers["Content-Security-Policy"]
    updated = CSPMiddleware(with_update)(rf.get("/"))
    assert "https://tiles.example" in updated.headers["Content-Security-Policy"]
    plain = CSPMiddleware(lambda request: HttpResponse("plain"))(rf.get("/"))
    assert "nonce-" not in plain.headers["Content-Security-Policy"]
    assert "tiles.example" not in plain.headers["Content-Security-Policy"]
