"""The partnership's pages: page files becoming revisions, the live pages the public
sees, publishing in the browser, markdown, pictures, the alert banner, and exporting pages
back to files.
"""
