/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-collection-import"

#include "config.h"

#include <string.h>

#include "dc-collection-import.h"
#include "dc-language.h"

/* The wire form of DcImportResult; item fields are named as the inventory item's
 * (DESIGN §5), money as exact decimal strings. */

static void
add_problem (JsonBuilder           *builder,
             const DcImportProblem *problem)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, problem->line);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, problem->reason);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, problem->message);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, problem->text);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, problem->quantity);
  json_builder_end_object (builder);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_item (JsonBuilder        *builder,
          const DcImportItem *item)
{
  g_autofree char *price = item->has_price ? dc_money_format_decimal (item->price.amount) : NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "card_id");
  json_builder_add_string_value (builder, item->card_id);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, item->quantity);
  json_builder_set_member_name (builder, "condition");
  json_builder_add_string_value (builder, dc_condition_to_string (item->condition));
  json_builder_set_member_name (builder, "finish");
  json_builder_add_string_value (builder, dc_finish_to_string (item->finish));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, item->language);
  add_nullable_string (builder, "acquisition_price", price);
  add_nullable_string (builder, "acquisition_currency",
                       item->has_price ? item->price.currency : NULL);
  add_nullable_string (builder, "acquired_on", item->acquired_on);
  add_nullable_string (builder, "notes", item->notes);
  json_builder_set_member_name (builder, "guessed");
  json_builder_add_boolean_value (builder, item->guessed);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, item->line);
  json_builder_end_object (builder);
}

/**
 * dc_import_result_to_json:
 * @result: an import result
 * @include_items: whether to list the items (a preview needs them, a summary does not)
 *
 * Returns: (transfer full): the wire form
 */
JsonNode *
dc_import_result_to_json (const DcImportResult *result,
                          gboolean              include_items)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, result->format);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, result->rows);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, result->imported);
  json_builder_set_member_name (builder, "merged");
  json_builder_add_int_value (builder, result->merged);
  json_builder_set_member_name (builder, "guessed");
  json_builder_add_int_value (builder, result->guessed);
  json_builder_set_member_name (builder, "quantity_total");
  json_builder_add_int_value (builder, (gint64) result->quantity_total);
  json_builder_set_member_name (builder, "quantity_imported");
  json_builder_add_int_value (builder, (gint64) result->quantity_imported);
  json_builder_set_member_name (builder, "unresolved");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->unresolved->len; i++)
    add_problem (builder, g_ptr_array_index (result->unresolved, i));
  json_builder_end_array (builder);
  if (include_items)
    {
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < result->items->len; i++)
        add_item (builder, g_ptr_array_index (result->items, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Reading */

static gboolean
get_string (JsonObject  *object,
            const char  *name,
            gboolean     nullable,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && nullable)
    {
      *out = NULL;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                   "“%s” must be a string", name);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *name,
           guint64      max,
           guint64     *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      (value = json_node_get_int (node)) < 0 || (guint64) value > max)
    {
      g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                   "“%s” must be a whole number from 0 to %" G_GUINT64_FORMAT, name, max);
      return FALSE;
    }
  *out = (guint64) value;
  return TRUE;
}

static gboolean
get_uint (JsonObject  *object,
          const char  *name,
          guint       *out,
          GError     **error)
{
  guint64 value;

  if (!get_count (object, name, G_MAXUINT, &value, error))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static DcImportProblem *
problem_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(DcImportProblem) problem = g_new0 (DcImportProblem, 1);
  JsonObject *object;
  const char *reason, *message, *text;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                           "An unresolved row must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_uint (object, "line", &problem->line, error) ||
      !get_uint (object, "quantity", &problem->quantity, error) ||
      !get_string (object, "reason", FALSE, &reason, error) ||
      !get_string (object, "message", FALSE, &message, error) ||
      !get_string (object, "text", FALSE, &text, error))
    return NULL;
  problem->reason = g_strdup (reason);
  problem->message = g_strdup (message);
  problem->text = g_strdup (text);
  return g_steal_pointer (&problem);
}

static DcImportItem *
item_from_json (JsonNode  *node,
                GError   **error)
{
  g_autoptr(DcImportItem) item = g_new0 (DcImportItem, 1);
  const char *card_id, *condition, *finish, *language, *price, *currency, *acquired_on, *notes;
  JsonObject *object;
  JsonNode *guessed;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                           "An item must be an object");
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_string (object, "card_id", FALSE, &card_id, error) ||
      !get_uint (object, "quantity", &item->quantity, error) ||
      !get_uint (object, "line", &item->line, error) ||
      !get_string (object, "condition", FALSE, &condition, error) ||
      !get_string (object, "finish", FALSE, &finish, error) ||
      !get_string (object, "language", FALSE, &language, error) ||
      !get_string (object, "acquisition_price", TRUE, &price, error) ||
      !get_string (object, "acquisition_currency", TRUE, &currency, error) ||
      !get_string (object, "acquired_on", TRUE, &acquired_on, error) ||
      !get_string (object, "notes", TRUE, &notes, error))
    return NULL;

  item->card_id = g_strdup (card_id);
  item->condition = dc_condition_from_string (condition);
  item->finish = dc_finish_from_string (finish);
  item->language = dc_language_is_valid (language) ? dc_language_normalize (language, FALSE)
                                                   : NULL;
  if (item->quantity == 0 || item->condition == DC_CONDITION_UNKNOWN ||
      item->finish == DC_FINISH_UNKNOWN || item->language == NULL)
    {
      g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                   "Item for card %s has an invalid quantity, condition, finish or language",
                   card_id);
      return NULL;
    }

  if (price != NULL)
    {
      if (currency == NULL || !dc_currency_is_valid (currency) ||
          !dc_money_parse_decimal (price, &item->price.amount, error))
        {
          if (error && *error == NULL)
            g_set_error (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                         "Item for card %s has a price without a valid currency", card_id);
          return NULL;
        }
      item->has_price = TRUE;
      g_strlcpy (item->price.currency, currency, sizeof item->price.currency);
    }
  item->acquired_on = g_strdup (acquired_on);
  item->notes = g_strdup (notes);
  guessed = json_object_get_member (object, "guessed");
  item->guessed = guessed && JSON_NODE_HOLDS_VALUE (guessed) &&
                  json_node_get_value_type (guessed) == G_TYPE_BOOLEAN &&
                  json_node_get_boolean (guessed);
  return g_steal_pointer (&item);
}

/**
 * dc_import_result_new_from_json:
 * @node: what dc_import_result_to_json() wrote
 * @error: a #DcImportError (DC_IMPORT_ERROR_INVALID), or a #DcMoneyError for a bad price
 *
 * Returns: (transfer full) (nullable): the result; its items are empty when the JSON has
 *   none
 */
DcImportResult *
dc_import_result_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(DcImportResult) result = NULL;
  JsonObject *object;
  JsonNode *member;
  const char *format;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                           "An import result must be an object");
      return NULL;
    }
  object = json_node_get_object (node);

  result = g_new0 (DcImportResult, 1);
  result->items = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_item_free);
  result->unresolved = g_ptr_array_new_with_free_func ((GDestroyNotify) dc_import_problem_free);
  if (!get_string (object, "format", FALSE, &format, error) ||
      !get_uint (object, "rows", &result->rows, error) ||
      !get_uint (object, "imported", &result->imported, error) ||
      !get_uint (object, "merged", &result->merged, error) ||
      !get_uint (object, "guessed", &result->guessed, error) ||
      !get_count (object, "quantity_total", G_MAXINT64, &result->quantity_total, error) ||
      !get_count (object, "quantity_imported", G_MAXINT64, &result->quantity_imported, error))
    return NULL;
  result->format = g_strdup (format);

  member = json_object_get_member (object, "unresolved");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                           "“unresolved” must be an array");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
    {
      DcImportProblem *problem =
        problem_from_json (json_array_get_element (json_node_get_array (member), i), error);

      if (problem == NULL)
        return NULL;
      g_ptr_array_add (result->unresolved, problem);
    }

  {
    guint64 unresolved = 0;

    for (guint i = 0; i < result->unresolved->len; i++)
      unresolved += ((DcImportProblem *) g_ptr_array_index (result->unresolved, i))->quantity;
    if (result->quantity_imported + unresolved != result->quantity_total)
      {
        g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                             "The quantities do not add up");
        return NULL;
      }
  }

  member = json_object_get_member (object, "items");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          g_set_error_literal (error, DC_IMPORT_ERROR, DC_IMPORT_ERROR_INVALID,
                               "“items” must be an array");
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (member)); i++)
        {
          DcImportItem *item =
            item_from_json (json_array_get_element (json_node_get_array (member), i), error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (result->items, item);
        }
    }

  return g_steal_pointer (&result);
}
