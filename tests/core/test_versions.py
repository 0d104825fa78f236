"""The seed's rule for settings changed in the browser."""

from app.core import versions
from app.extensions import db


def test_the_seed_loads_until_the_browser_changes_something(app):
    with app.app_context():
        first = versions.seed_decision("routing", {"rules": [1]}, "routing.yaml")
        assert first.load and first.notice is None
        again = versions.seed_decision("routing", {"rules": [1]}, "routing.yaml")
        assert again.load and len(versions.history("routing")) == 1
        newer_file = versions.seed_decision("routing", {"rules": [2]}, "routing.yaml")
        assert newer_file.load and len(versions.history("routing")) == 2

        versions.record("routing", {"rules": [3]}, versions.BROWSER, None, "in the browser")
        kept = versions.seed_decision("routing", {"rules": [2]}, "routing.yaml")
        assert not kept.load
        assert "routing.yaml: not loaded, because the routing rules changed" in kept.notice
        exported = versions.seed_decision("routing", {"rules": [3]}, "routing.yaml")
        assert exported.load and exported.notice is None
        assert versions.latest("routing").source == versions.BROWSER  # nothing new

        forced = versions.seed_decision("routing", {"rules": [2]}, "routing.yaml",
                                        overwrite=True)
        assert forced.load and "replaced the routing rules" in forced.notice
        assert versions.latest("routing").data == {"rules": [2]}
        db.session.commit()
