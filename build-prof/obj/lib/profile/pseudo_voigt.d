build-prof/obj/lib/profile/pseudo_voigt.o: lib/profile/pseudo_voigt.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
