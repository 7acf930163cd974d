/* Enrichment: derived fields added to each record before the rules run.
 *
 * lt_enrich reads the record's own fields (user, time, mail, web, file,
 * print, USB) and the context, and adds leaktrail.* fields documented in
 * doc/record-format.md ("Enrichment"). It only reads the context, so any
 * number of threads may enrich records at once with the same context. It
 * does not allocate per record beyond the record's own arena (regex scratch
 * space is per thread and reused: call lt_context_thread_cleanup before a
 * worker thread exits).
 *
 * Users that resolve to no person are noted in the context's unresolved
 * list; the record keeps its user and gets leaktrail.person.resolved=false
 * with leaktrail.person.id set to the user name as written.
 */
#ifndef LT_ENRICH_H
#define LT_ENRICH_H
#include "context/context.h"
#include "record/record.h"

void lt_enrich(const struct lt_context *ctx, struct lt_record *r);

/* A classification or secret-repository pattern that gave up on a value
 * of the record (util/regex.h): the value was not classified, and the
 * caller must say so with the record's place (scan does). field is the
 * field the value came from, origin the pattern's place in the context
 * file, why the limit; all static until lt_context_free. */
struct lt_enrich_limit {
	const char *field;
	const char *origin;
	const char *why;
};
#define LT_ENRICH_LIMITS_KEPT 8
/* The limit hits of the last lt_enrich on the calling thread: *v holds the
 * first min(return value, LT_ENRICH_LIMITS_KEPT), valid until the next
 * lt_enrich on this thread; the return value counts them all. */
size_t lt_enrich_limits(const struct lt_enrich_limit **v);
/* For the enrichment steps: attribute the context's pending limit hits to
 * field (call after each lt_context_classified / lt_context_secret_repo). */
void lt_enrich_note_limits(const char *field);
/* Release the calling thread's scratch space (before a worker thread exits). */
void lt_enrich_thread_cleanup(void);

/* Field names added by lt_enrich. */
#define LT_E_PERSON_ID		"leaktrail.person.id"
#define LT_E_PERSON_NAME	"leaktrail.person.name"
#define LT_E_PERSON_TYPE	"leaktrail.person.type"
#define LT_E_PERSON_DEPT	"leaktrail.person.department"
#define LT_E_PERSON_ROLE	"leaktrail.person.role"
#define LT_E_PERSON_RESOLVED	"leaktrail.person.resolved"
#define LT_E_PERSON_VIA_HOST	"leaktrail.person.via_host"
#define LT_E_DEPARTING		"leaktrail.person.departing"
#define LT_E_DAYS_TO_LAST	"leaktrail.person.days_to_last_day"
#define LT_E_AFTER_LAST		"leaktrail.person.after_last_day"
#define LT_E_OUTSIDE_CONTRACT	"leaktrail.person.outside_contract"
#define LT_E_LOCAL_TIME		"leaktrail.local.time"
#define LT_E_LOCAL_DATE		"leaktrail.local.date"
#define LT_E_LOCAL_WEEKDAY	"leaktrail.local.weekday"
#define LT_E_LOCAL_HOUR		"leaktrail.local.hour"
#define LT_E_WORKDAY		"leaktrail.calendar.workday"
#define LT_E_OFF_HOURS		"leaktrail.calendar.off_hours"
#define LT_E_OFF_HOURS_TIME	"leaktrail.calendar.off_hours_time"
#define LT_E_HOLIDAY		"leaktrail.calendar.holiday"
#define LT_E_HOLIDAY_NAME	"leaktrail.calendar.holiday_name"
#define LT_E_HOLIDAY_NAME_EN	"leaktrail.calendar.holiday_name_en"
#define LT_E_MAIL_OUTBOUND	"leaktrail.mail.outbound"
#define LT_E_MAIL_EXTERNAL	"leaktrail.mail.external"
#define LT_E_MAIL_EXT_COUNT	"leaktrail.mail.external_count"
#define LT_E_MAIL_EXT_RCPT	"leaktrail.mail.external_recipients"
#define LT_E_MAIL_FREEMAIL	"leaktrail.mail.freemail"
#define LT_E_MAIL_FREEMAIL_RCPT	"leaktrail.mail.freemail_recipients"
#define LT_E_MAIL_PARTNER_RCPT	"leaktrail.mail.partner_recipients"
#define LT_E_MAIL_PERSONAL_RCPT	"leaktrail.mail.personal_recipients"
#define LT_E_MAIL_PARTNER_ONLY	"leaktrail.mail.partner_only"
#define LT_E_MAIL_TO_PERSONAL	"leaktrail.mail.to_personal"
#define LT_E_MAIL_NAME_LIKE	"leaktrail.mail.to_name_like"
#define LT_E_MAIL_ATT_COUNT	"leaktrail.mail.attachment_count"
#define LT_E_MAIL_CLASSIFIED	"leaktrail.mail.classified_attachment"
#define LT_E_MAIL_SCORE		"leaktrail.mail.score"
#define LT_E_MAIL_SCORE_WHY	"leaktrail.mail.score_reasons"
#define LT_E_MAIL_FORWARDED	"leaktrail.mail.forwarded_external"
#define LT_E_WEB_CATEGORY	"leaktrail.web.category"
#define LT_E_WEB_APPROVED	"leaktrail.web.approved"
#define LT_E_WEB_UPLOAD		"leaktrail.web.upload"
#define LT_E_FILE_CLASSIFIED	"leaktrail.file.classified"
#define LT_E_FILE_LABEL		"leaktrail.file.label"
#define LT_E_FILE_REPO		"leaktrail.file.repository"
#define LT_E_FILE_AREA		"leaktrail.file.business_area"
#define LT_E_FILE_OWN_AREA	"leaktrail.file.own_area"
#define LT_E_USB_APPROVED	"leaktrail.usb.approved"

/* Internal steps (one file each), in the order lt_enrich runs them. */
struct lt_enrich_state {
	const struct lt_person *person;
	int64_t day;		/* local date as a day number, or LT_DATE_NONE */
	bool off_hours, off_hours_known;
};
void lt_enrich_time(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
/* Attribute the record to p (person fields and HR dates), replacing an
 * unresolved attribution. */
void lt_enrich_set_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st,
			  const struct lt_person *p);
void lt_enrich_mail(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_web(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_file(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);
void lt_enrich_usb(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st);

/* Upload threshold for web records without a POST/PUT method (bytes). */
#define LT_ENRICH_UPLOAD_BYTES (INT64_C(1) << 20)

#endif
