"""Jinja set-up: the GOV.UK Frontend macro packages and a strict-but-practical Undefined.

Every environment renders with the same Undefined. Production once used Jinja's plain
Undefined while the macros' JavaScript-style ``undefined`` name stayed ours; the two
compared unequal, so every optional ``disabled`` parameter rendered as ``disabled=""``.
One behaviour everywhere means the suite sees what users get.
"""

from flask import Flask
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, StrictUndefined, Undefined


class StrictForOurTemplates(StrictUndefined):
    """Fails loudly on a misspelt variable or attribute, but not on optional macro params.

    The GOV.UK macros test optional keys of their ``params`` dict (``params.classes``) and
    expect them to be quietly undefined. So a missing key of a dict behaves like ordinary
    Undefined, while a missing top-level name or an attribute missing from one of our
    objects raises, which is what catches typos in our own templates.
    """

    def _is_optional_lookup(self) -> bool:
        # `{% if caller %}` in a macro called without `{% call %}` is optional too.
        return (
            isinstance(self._undefined_obj, dict | Undefined)
            or self._undefined_hint == "No caller defined"
        )

    def __str__(self):
        return "" if self._is_optional_lookup() else super().__str__()

    def __bool__(self):
        return False if self._is_optional_lookup() else super().__bool__()

    def __iter__(self):
        return iter(()) if self._is_optional_lookup() else super().__iter__()

    def __len__(self):
        return 0 if self._is_optional_lookup() else super().__len__()

    def __eq__(self, other):
        # Any quietly-undefined value equals the macros' `undefined`, whichever class made it.
        if self._is_optional_lookup():
            return isinstance(other, Undefined)
        return super().__eq__(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = Undefined.__hash__

    def __getattr__(self, name):
        if name[:2] == "__":
            raise AttributeError(name)
        if self._is_optional_lookup():
            return self._undefined_class(obj=self, name=name, hint=None)
        return super().__getattr__(name)


# Optional settings of govuk_frontend_jinja/template.html. They default to None so that the
# strict Undefined below only fires for names our own templates get wrong.
GOVUK_TEMPLATE_OPTIONS = (
    "htmlLang", "htmlClasses", "pageTitleLang", "themeColor", "assetPath", "assetUrl",
    "opengraphImageUrl", "bodyClasses", "bodyAttributes", "headerClasses", "headerAttributes",
    "serviceName", "serviceUrl", "containerClasses", "containerAttributes", "mainClasses",
    "mainLang", "mainAttributes", "footerClasses", "footerAttributes", "cspNonce",
)


def init_app(app: Flask) -> None:
    for name in GOVUK_TEMPLATE_OPTIONS:
        app.jinja_env.globals.setdefault(name, None)
    # The GOV.UK macros compare values with JavaScript-style `undefined` and `null` names.
    for name in ("undefined", "null"):
        app.jinja_env.globals[name] = StrictForOurTemplates(obj={}, name=name)
    app.jinja_env.loader = ChoiceLoader(
        [
            app.jinja_env.loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.undefined = StrictForOurTemplates
