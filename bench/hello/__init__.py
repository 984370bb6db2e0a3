"""The anchor of `make bench-http`: a bare Django app with one view answering "ok", no database."""
