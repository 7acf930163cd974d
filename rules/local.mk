# rules: default Sigma rules and the data lists they rely on. nobase keeps the
# rules/ prefix, so they install under $(pkgdatadir)/rules/.
nobase_dist_pkgdata_DATA += rules/lists/freemail.txt \
	rules/lists/web/file-sharing.txt rules/lists/web/online-storage.txt \
	rules/lists/web/webmail.txt rules/lists/web/sns.txt \
	rules/lists/web/uploader.txt rules/lists/web/bbs.txt
