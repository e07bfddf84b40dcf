"""What the pages share, one module for each concern; pages import the ones they need.

- `words`: the page's language; texts, quarters, moments, numbers and refusals in it
- `cache`: the database engine, the data's version, the stored tables
- `menu`: the table of pages (file, icon, group, the action that opens it)
- `auth`: the login page, the identity provider, who is logged in, each page's gate
- `scope`: the sidebar's filters and the data cut to what the person may see
- `widgets`: selectboxes bound to the URL, charts, audited downloads, empty states

They import one another in that order only (no module imports one listed after it).
"""
