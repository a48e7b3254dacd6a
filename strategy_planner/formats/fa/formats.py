# Persian: group thousands, as readers of figures expect (Django leaves grouping
# off for this language). Everything else comes from Django's own Persian formats.
NUMBER_GROUPING = 3
