build-prof/obj/lib/profile/fcj_asymmetry.o: lib/profile/fcj_asymmetry.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
