build-prof/obj/lib/profile/lorentzian.o: lib/profile/lorentzian.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
