complete --keep-order --exclusive --command tether-transfer --arguments "(COMPLETE=fish tether-transfer -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
