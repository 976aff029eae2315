/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dc-cli.h"

int
main (int    argc,
      char **argv)
{
  return dc_cli_run (argc, argv);
}
