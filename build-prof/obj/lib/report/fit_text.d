build-prof/obj/lib/report/fit_text.o: lib/report/fit_text.c \
 lib/report/fit_json.h lib/report/json_writer.h include/xrdfit/report.h \
 include/xrdfit/error.h include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h lib/core/numfmt.h
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
lib/core/numfmt.h:
