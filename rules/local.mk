# rules: default Sigma rules (rules/default/, doc/rules-default.md) and the
# data lists the context loads (rules/lists/). nobase keeps the rules/
# prefix, so they install under $(pkgdatadir)/rules/.
nobase_dist_pkgdata_DATA += rules/lists/freemail.txt \
	rules/lists/web/file-sharing.txt rules/lists/web/online-storage.txt \
	rules/lists/web/webmail.txt rules/lists/web/sns.txt \
	rules/lists/web/uploader.txt rules/lists/web/bbs.txt \
	rules/default/r01_offhours_broad_access.yml \
	rules/default/r01_offhours_bulk_files.yml \
	rules/default/r02_access_surge.yml \
	rules/default/r03_secret_repo_outside_area.yml \
	rules/default/r04_departing_broad_access.yml \
	rules/default/r04_departing_bulk_files.yml \
	rules/default/r05_after_last_day.yml \
	rules/default/r06_usb_unapproved.yml \
	rules/default/r07_mail_external_attachment.yml \
	rules/default/r08_mail_autoforward_external.yml \
	rules/default/r09_web_upload.yml \
	rules/default/r10_print.yml \
	rules/default/r12_offhours_logon.yml \
	rules/default/r14_vendor_outside_contract.yml
