"""The static site: a mkdocs plugin that verifies every credential, then publishes it.

The build flows one way — discover → parse → validate → verify → plan → write — over a
frozen :class:`~badgepress.site.context.BuildContext` made once per build.
"""
