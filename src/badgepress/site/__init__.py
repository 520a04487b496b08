"""Publishing: the mkdocs plugin that runs the build pipeline and writes the site.

The build flows one way — discover → parse → validate → verify → plan → write — over a
frozen :class:`~badgepress.planning.context.BuildContext` made once per build. The
packages depend one way too: ``site`` → :mod:`badgepress.pages` → :mod:`badgepress.planning`.
"""
