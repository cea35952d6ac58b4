/*
 * summary_test.c - the text forms "hyve list" and "hyve info" share
 * (lib/summary.c): sizes, durations and the STATE column.
 */
#include "compat.h"

#include <atf-c.h>
#include <string.h>

#include "summary.h"

ATF_TC_WITHOUT_HEAD(sizes);
ATF_TC_BODY(sizes, tc)
{
	char	b[32];

	summary_size(0, b, sizeof(b));
	ATF_CHECK_STREQ("0B", b);
	summary_size(1023, b, sizeof(b));
	ATF_CHECK_STREQ("1023B", b);
	summary_size(1024, b, sizeof(b));
	ATF_CHECK_STREQ("1.0K", b);
	summary_size(65536, b, sizeof(b));
	ATF_CHECK_STREQ("64K", b);
	summary_size(1536ULL * 1024 * 1024, b, sizeof(b));
	ATF_CHECK_STREQ("1.5G", b);
	summary_size(1ULL << 30, b, sizeof(b));
	ATF_CHECK_STREQ("1.0G", b);
	summary_size(20ULL << 40, b, sizeof(b));
	ATF_CHECK_STREQ("20T", b);
	summary_size(UINT64_MAX, b, sizeof(b));
	ATF_CHECK_STREQ("16E", b);
}

ATF_TC_WITHOUT_HEAD(durations);
ATF_TC_BODY(durations, tc)
{
	char	b[32];

	summary_duration(0, b, sizeof(b));
	ATF_CHECK_STREQ("00:00:00", b);
	summary_duration(-5, b, sizeof(b));
	ATF_CHECK_STREQ("00:00:00", b);
	summary_duration(3723, b, sizeof(b));
	ATF_CHECK_STREQ("01:02:03", b);
	summary_duration(86399, b, sizeof(b));
	ATF_CHECK_STREQ("23:59:59", b);
	summary_duration(86400 * 3 + 5, b, sizeof(b));
	ATF_CHECK_STREQ("3d 00:00:05", b);
}

ATF_TC_WITHOUT_HEAD(states);
ATF_TC_BODY(states, tc)
{
	struct runstate	 rs;
	char		 b[32];

	memset(&rs, 0, sizeof(rs));
	rs.rs_state = "running";
	rs.rs_bhyve = 42;
	/* Without the lock held, a stale state file says nothing. */
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Stopped", b);
	ATF_CHECK_EQ(0, summary_uptime(&rs));
	rs.rs_running = true;
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Running (42)", b);
	rs.rs_state = "loader";
	rs.rs_bhyve = 0;
	rs.rs_loader = 7;
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Bootloader (7)", b);
	rs.rs_state = "starting";
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Starting", b);
	rs.rs_state = "stopping";
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Stopping", b);
	/* Between two boots the supervisor still holds the guest. */
	rs.rs_state = "running";
	rs.rs_bhyve = 0;
	summary_state(&rs, b, sizeof(b));
	ATF_CHECK_STREQ("Running", b);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, sizes);
	ATF_TP_ADD_TC(tp, durations);
	ATF_TP_ADD_TC(tp, states);
	return (atf_no_error());
}
