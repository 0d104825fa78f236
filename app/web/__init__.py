"""HTTP plumbing shared by every blueprint: security headers, error pages, caching,
templating, assets, staff sign-in for views, forms and their error summary, and the
hooks of the staff area.
"""
