build-prof/obj/lib/report/analyze_report.o: lib/report/analyze_report.c \
 lib/core/numfmt.h lib/report/fit_json.h lib/report/json_writer.h \
 include/xrdfit/report.h include/xrdfit/error.h include/xrdfit/fit.h \
 include/xrdfit/crystal.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/analyze.h include/xrdfit/vegard.h
lib/core/numfmt.h:
lib/report/fit_json.h:
lib/report/json_writer.h:
include/xrdfit/report.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/analyze.h:
include/xrdfit/vegard.h:
