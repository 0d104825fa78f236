"""Tests of app/figures/: the partnership's figures."""
