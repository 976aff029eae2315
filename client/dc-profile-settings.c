/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-profile-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dc-error.h"
#include "dc-profile-settings.h"

/* DcProfileSettings: Settings → Profile. Display name, bio (500 characters, counted as
 * the user types; the server's own refusal is shown under the field it names), avatar
 * (chosen with the portal file chooser, previewed, uploaded at once), place, coordinates
 * and trade radius. Save sends what changed: PATCH /api/users/me and
 * PUT /api/users/me/location. */

#define BIO_MAX_CHARS 500

struct _DcProfileSettings
{
  AdwPreferencesPage    parent_instance;

  AdwPreferencesGroup  *status_group;
  AdwActionRow         *status_row;
  AdwPreferencesGroup  *public_group;
  AdwPreferencesGroup  *bio_group;
  AdwPreferencesGroup  *location_group;
  AdwPreferencesGroup  *save_group;
  AdwAvatar            *avatar;
  GtkButton            *avatar_button;
  AdwEntryRow          *display_name_row;
  GtkTextView          *bio_view;
  GtkLabel             *bio_counter;
  AdwEntryRow          *place_row;
  AdwEntryRow          *latitude_row;
  AdwEntryRow          *longitude_row;
  GtkSpinButton        *radius_spin;
  GtkLabel             *error_label;
  GtkButton            *save_button;

  DcAccount            *account;
  GCancellable         *cancellable;
  JsonObject           *profile;        /* as last loaded or saved */
  GtkFileChooserNative *chooser;
  char                 *error;
  guint                 busy;
  gboolean              filling;
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (DcProfileSettings, dc_profile_settings, ADW_TYPE_PREFERENCES_PAGE)

static void load (DcProfileSettings *self);

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
toast (DcProfileSettings *self,
       const char        *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
set_error (DcProfileSettings *self,
           const char        *text)
{
  g_free (self->error);
  self->error = g_strdup (text);
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
set_sections_visible (DcProfileSettings *self,
                      gboolean           visible)
{
  gtk_widget_set_visible (GTK_WIDGET (self->public_group), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->bio_group), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->location_group), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->save_group), visible);
}

static char *
bio_text (DcProfileSettings *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->bio_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_counter (DcProfileSettings *self)
{
  g_autofree char *text = bio_text (self);
  glong left = BIO_MAX_CHARS - g_utf8_strlen (text, -1);
  g_autofree char *label = NULL;

  if (left >= 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld character left",
                                          "%ld characters left", left), left);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%ld character too many",
                                          "%ld characters too many", -left), -left);
  gtk_label_set_label (self->bio_counter, label);
  if (left < 0)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->bio_counter), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->bio_counter), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bio_counter), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->bio_counter), "error");
    }
}

static gboolean
parse_coordinate (const char *text,
                  double      limit,
                  double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double value;

  if (*copy == '\0')
    return FALSE;
  g_strdelimit (copy, ",", '.');
  value = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0' || value < -limit || value > limit)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
location_valid (DcProfileSettings *self)
{
  const char *lat = gtk_editable_get_text (GTK_EDITABLE (self->latitude_row));
  const char *lon = gtk_editable_get_text (GTK_EDITABLE (self->longitude_row));
  double value;
  gboolean lat_ok = *lat == '\0' || parse_coordinate (lat, 90, &value);
  gboolean lon_ok = *lon == '\0' || parse_coordinate (lon, 180, &value);

  if (lat_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->latitude_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->latitude_row), "error");
  if (lon_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->longitude_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->longitude_row), "error");
  /* both or neither */
  return lat_ok && lon_ok && ((*lat == '\0') == (*lon == '\0'));
}

static void
edited_cb (DcProfileSettings *self)
{
  if (self->filling)
    return;
  update_counter (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            self->loaded && self->busy == 0 && location_valid (self));
}

static void
fill (DcProfileSettings *self)
{
  JsonObject *p = self->profile;
  JsonNode *location_node = json_object_get_member (p, "location");
  JsonObject *location = location_node && JSON_NODE_HOLDS_OBJECT (location_node)
                         ? json_node_get_object (location_node) : NULL;
  const char *display_name = member_string (p, "display_name");
  const char *bio = member_string (p, "bio");
  const char *place = member_string (location, "display");

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), display_name ? display_name : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->bio_view), bio ? bio : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->place_row), place ? place : "");
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "latitude" : "longitude";
      AdwEntryRow *row = i == 0 ? self->latitude_row : self->longitude_row;
      JsonNode *node = location ? json_object_get_member (location, name) : NULL;
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
        gtk_editable_set_text (GTK_EDITABLE (row),
                               g_ascii_formatd (buffer, sizeof buffer, "%.4f",
                                                json_node_get_double (node)));
      else
        gtk_editable_set_text (GTK_EDITABLE (row), "");
    }
  gtk_spin_button_set_value (self->radius_spin,
                             json_object_get_int_member_with_default (p, "trade_radius", 50));
  adw_avatar_set_text (self->avatar, display_name && *display_name
                                     ? display_name : member_string (p, "username"));
  self->filling = FALSE;
  edited_cb (self);
}

static void
avatar_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  bytes = g_task_propagate_pointer (G_TASK (result), NULL);
  if (bytes != NULL && (texture = gdk_texture_new_from_bytes (bytes, NULL)) != NULL)
    adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  DcApiClient *client = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, dc_api_client_map_transport_error (client,
                                                                    g_steal_pointer (&error)));
      return;
    }
  if ((error = dc_api_client_check_status (message, body)) != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
}

/* The avatar routes carry raw image bytes, not JSON. */
static void
send_bytes_async (DcProfileSettings   *self,
                  const char          *method,
                  const char          *path,
                  const char          *content_type,
                  GBytes              *bytes,
                  GAsyncReadyCallback  callback)
{
  DcApiClient *client = dc_account_get_api_client (self->account);
  SoupMessage *message = dc_api_client_new_message (client, method, path);
  GTask *task = g_task_new (client, self->cancellable, callback, g_object_ref (self));

  g_task_set_source_tag (task, send_bytes_async);
  g_task_set_task_data (task, message, g_object_unref);
  if (bytes != NULL)
    soup_message_set_request_body_from_bytes (message, content_type, bytes);
  soup_session_send_and_read_async (dc_api_client_get_session (client), message,
                                    G_PRIORITY_DEFAULT, self->cancellable, send_cb, task);
}

static void
profile_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (profile == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     dc_api_client_error_is_offline (error)
                                     ? _("Your profile can only be edited with a connection to "
                                         "the server")
                                     : error->message);
      return;
    }
  g_clear_pointer (&self->profile, json_object_unref);
  self->profile = g_steal_pointer (&profile);
  self->loaded = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), FALSE);
  set_sections_visible (self, TRUE);
  fill (self);
  if (member_string (self->profile, "avatar_url") != NULL)
    send_bytes_async (self, "GET", "/api/users/me/avatar", NULL, NULL, avatar_loaded_cb);
}

static void
load (DcProfileSettings *self)
{
  set_sections_visible (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_group), TRUE);
  self->busy++;
  dc_api_client_request_async (dc_account_get_api_client (self->account), "GET",
                               "/api/users/me", NULL, self->cancellable, profile_cb,
                               g_object_ref (self));
}

static void
show_field_error (DcProfileSettings *self,
                  const GError      *error)
{
  JsonObject *details = dc_api_error_get_details (error);
  const char *field = member_string (details, "field");

  set_error (self, error->message);
  if (g_strcmp0 (field, "bio") == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->bio_counter), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->bio_view));
    }
  else if (g_strcmp0 (field, "display_name") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->display_name_row), "error");
  else if (g_strcmp0 (field, "trade_radius") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->radius_spin), "error");
  else if (field != NULL && (g_str_has_prefix (field, "lat") || g_str_has_prefix (field, "lon")))
    gtk_widget_add_css_class (GTK_WIDGET (self->latitude_row), "error");
}

static void
save_done (DcProfileSettings *self)
{
  self->busy--;
  if (self->busy == 0)
    edited_cb (self);
}

static void
location_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  save_done (self);
  if (answer == NULL)
    {
      show_field_error (self, error);
      return;
    }
  toast (self, _("Location saved"));
}

static gboolean
location_changed (DcProfileSettings *self)
{
  JsonNode *node = json_object_get_member (self->profile, "location");
  JsonObject *location = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                               : NULL;
  const char *place = member_string (location, "display");
  double old_lat = 0, old_lon = 0, lat = 0, lon = 0;
  gboolean had = location && json_object_get_member (location, "latitude") &&
                 JSON_NODE_HOLDS_VALUE (json_object_get_member (location, "latitude"));
  gboolean has = parse_coordinate (gtk_editable_get_text (GTK_EDITABLE (self->latitude_row)), 90,
                                   &lat) &&
                 parse_coordinate (gtk_editable_get_text (GTK_EDITABLE (self->longitude_row)),
                                   180, &lon);

  if (g_strcmp0 (place ? place : "", gtk_editable_get_text (GTK_EDITABLE (self->place_row))) != 0)
    return TRUE;
  if (had != has)
    return TRUE;
  if (!had)
    return FALSE;
  old_lat = json_object_get_double_member (location, "latitude");
  old_lon = json_object_get_double_member (location, "longitude");
  return ABS (old_lat - lat) > 0.00005 || ABS (old_lon - lon) > 0.00005;
}

static void
profile_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = dc_api_client_request_finish_object (DC_API_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      save_done (self);
      if (dc_api_client_error_is_offline (error))
        set_error (self, _("The profile could not be saved: the server cannot be reached."));
      else
        show_field_error (self, error);
      return;
    }

  if (location_changed (self))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const char *place = gtk_editable_get_text (GTK_EDITABLE (self->place_row));
      double lat, lon;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "display");
      json_builder_add_string_value (builder, place);
      json_builder_set_member_name (builder, "latitude");
      if (parse_coordinate (gtk_editable_get_text (GTK_EDITABLE (self->latitude_row)), 90, &lat))
        json_builder_add_double_value (builder, lat);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "longitude");
      if (parse_coordinate (gtk_editable_get_text (GTK_EDITABLE (self->longitude_row)), 180, &lon))
        json_builder_add_double_value (builder, lon);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      self->busy++;
      {
        g_autoptr(JsonNode) body = json_builder_get_root (builder);

        dc_api_client_request_async (dc_account_get_api_client (self->account), "PUT",
                                     "/api/users/me/location", body, self->cancellable,
                                     location_saved_cb, g_object_ref (self));
      }
    }
  g_clear_pointer (&self->profile, json_object_unref);
  self->profile = g_steal_pointer (&answer);
  save_done (self);
  toast (self, _("Profile saved"));
}

static void
save_cb (DcProfileSettings *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *bio = bio_text (self);

  set_error (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->display_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->radius_spin), "error");
  update_counter (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder,
                                 gtk_editable_get_text (GTK_EDITABLE (self->display_name_row)));
  json_builder_set_member_name (builder, "bio");
  json_builder_add_string_value (builder, bio);
  json_builder_set_member_name (builder, "trade_radius");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->radius_spin));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->busy++;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  dc_api_client_request_async (dc_account_get_api_client (self->account), "PATCH",
                               "/api/users/me", body, self->cancellable, profile_saved_cb,
                               g_object_ref (self));
}

static void
avatar_uploaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *image = g_object_get_data (G_OBJECT (result), "image");

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  gtk_widget_set_sensitive (GTK_WIDGET (self->avatar_button), TRUE);
  if (answer == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why */
      text = g_strdup_printf (_("The avatar could not be uploaded: %s"), error->message);
      set_error (self, text);
      return;
    }
  if (image != NULL)
    {
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (image, NULL);

      if (texture != NULL)
        adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
    }
  toast (self, _("Avatar updated"));
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DcProfileSettings) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size;
  const char *type = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy--;
  if (bytes == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->avatar_button), TRUE);
      set_error (self, error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    type = "image/png";
  else if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    type = "image/jpeg";
  if (type == NULL || size > 512 * 1024)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->avatar_button), TRUE);
      set_error (self, type == NULL ? _("An avatar must be a PNG or JPEG image.")
                                    : _("An avatar can be at most 512 KiB."));
      return;
    }
  set_error (self, NULL);
  self->busy++;
  {
    DcApiClient *client = dc_account_get_api_client (self->account);
    SoupMessage *message = dc_api_client_new_message (client, "PUT", "/api/users/me/avatar");
    GTask *task = g_task_new (client, self->cancellable, avatar_uploaded_cb,
                              g_object_ref (self));

    g_task_set_source_tag (task, file_loaded_cb);
    g_task_set_task_data (task, message, g_object_unref);
    g_object_set_data_full (G_OBJECT (task), "image", g_bytes_ref (bytes),
                            (GDestroyNotify) g_bytes_unref);
    soup_message_set_request_body_from_bytes (message, type, bytes);
    soup_session_send_and_read_async (dc_api_client_get_session (client), message,
                                      G_PRIORITY_DEFAULT, self->cancellable, send_cb, task);
  }
}

static void
chooser_response_cb (GtkNativeDialog   *dialog,
                     int                response,
                     DcProfileSettings *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file != NULL)
    dc_profile_settings_upload_avatar (self, file);
}

static void
choose_avatar_cb (DcProfileSettings *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PNG and JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose an Avatar"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
dc_profile_settings_dispose (GObject *object)
{
  DcProfileSettings *self = (DcProfileSettings *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->account);
  g_clear_pointer (&self->profile, json_object_unref);
  g_clear_pointer (&self->error, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_PROFILE_SETTINGS);

  G_OBJECT_CLASS (dc_profile_settings_parent_class)->dispose (object);
}

static void
dc_profile_settings_class_init (DcProfileSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_profile_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/dualcasterdeals/Deals/"
                                               "dc-profile-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, status_group);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, status_row);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, public_group);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, bio_group);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, location_group);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, save_group);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, avatar);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, avatar_button);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, bio_view);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, bio_counter);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, place_row);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, latitude_row);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, longitude_row);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, error_label);
  gtk_widget_class_bind_template_child (widget_class, DcProfileSettings, save_button);
  gtk_widget_class_bind_template_callback (widget_class, edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_avatar_cb);
}

static void
dc_profile_settings_init (DcProfileSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->bio_view), "changed",
                           G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
dc_profile_settings_new (DcAccount *account)
{
  DcProfileSettings *self;

  g_return_val_if_fail (DC_IS_ACCOUNT (account), NULL);

  self = g_object_new (DC_TYPE_PROFILE_SETTINGS, NULL);
  self->account = g_object_ref (account);
  load (self);
  return GTK_WIDGET (self);
}

gboolean
dc_profile_settings_get_busy (DcProfileSettings *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_SETTINGS (self), FALSE);
  return self->busy > 0;
}

/* The inline error shown under the form, or NULL. */
const char *
dc_profile_settings_get_error (DcProfileSettings *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_SETTINGS (self), NULL);
  return self->error;
}

gboolean
dc_profile_settings_get_loaded (DcProfileSettings *self)
{
  g_return_val_if_fail (DC_IS_PROFILE_SETTINGS (self), FALSE);
  return self->loaded;
}

/**
 * dc_profile_settings_upload_avatar:
 * @file: a PNG or JPEG image
 *
 * Checks @file (type by its first bytes, at most 512 KiB), uploads it as the avatar and
 * shows it; what is wrong with it is shown under the form.
 */
void
dc_profile_settings_upload_avatar (DcProfileSettings *self,
                                   GFile             *file)
{
  g_return_if_fail (DC_IS_PROFILE_SETTINGS (self));
  g_return_if_fail (G_IS_FILE (file));

  gtk_widget_set_sensitive (GTK_WIDGET (self->avatar_button), FALSE);
  self->busy++;
  g_file_load_bytes_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
}
