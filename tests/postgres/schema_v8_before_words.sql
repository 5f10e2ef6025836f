-- Tagdesk's schema on a PostgreSQL server at version 8, as it was before the search words had
-- a table of their own (document_words): made by open_store at commit a946a7f and dumped with
-- pg_dump --no-owner --no-privileges, its two COPY blocks (the default labels, the version)
-- written as INSERTs. Search there was a GIN index over the texts (document_search).
-- pg_dump's empty search path is left out: that Tagdesk's tagdesk_search_words calls
-- tagdesk_fold unqualified, which a restore under it cannot find (the migration replaces
-- the functions with qualified ones). tests/postgres/test_server_migrations.py loads it.

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

CREATE FUNCTION public.tagdesk_count_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO document_counts (document_id, accepted, suggested) VALUES (NEW.id, 0, 0);
  RETURN NULL;
END
$$;

CREATE FUNCTION public.tagdesk_count_span() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  IF TG_OP = 'INSERT' AND current_setting('tagdesk.bulk_import', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted - (OLD.status = 'accepted')::int,
          suggested = suggested - (OLD.status = 'suggested')::int
      WHERE document_id = OLD.document_id;
    UPDATE document_labels
      SET spans = spans - (OLD.status <> 'rejected')::int,
          rejected = rejected - (OLD.status = 'rejected')::int
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id;
    DELETE FROM document_labels
      WHERE label_id = OLD.label_id AND document_id = OLD.document_id
      AND spans <= 0 AND rejected <= 0;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE document_counts
      SET accepted = accepted + (NEW.status = 'accepted')::int,
          suggested = suggested + (NEW.status = 'suggested')::int
      WHERE document_id = NEW.document_id;
    INSERT INTO document_labels (label_id, document_id, spans, rejected)
      VALUES (NEW.label_id, NEW.document_id, (NEW.status <> 'rejected')::int,
              (NEW.status = 'rejected')::int)
      ON CONFLICT (label_id, document_id) DO UPDATE
      SET spans = document_labels.spans + excluded.spans,
          rejected = document_labels.rejected + excluded.rejected;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION public.tagdesk_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT lower("public".unaccent('"public".unaccent'::regdictionary, $1)) $_$;

CREATE FUNCTION public.tagdesk_search_words(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $_$ SELECT regexp_replace(tagdesk_fold($1), '[[:punct:]_]+', ' ', 'g') $_$;

SET default_tablespace = '';

SET default_table_access_method = heap;

CREATE TABLE public.document (
    id integer NOT NULL,
    text text NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    meta text NOT NULL,
    sha256 character varying(64) NOT NULL,
    status character varying(16) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    CONSTRAINT document_status_check CHECK (((status)::text = ANY ((ARRAY['todo'::character varying, 'in_progress'::character varying, 'done'::character varying])::text[])))
);

CREATE TABLE public.document_counts (
    document_id integer NOT NULL,
    accepted integer NOT NULL,
    suggested integer NOT NULL
);

CREATE SEQUENCE public.document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.document_id_seq OWNED BY public.document.id;

CREATE TABLE public.document_labels (
    label_id integer NOT NULL,
    document_id integer NOT NULL,
    spans integer NOT NULL,
    rejected integer NOT NULL
);

CREATE TABLE public.document_tag (
    document_id integer NOT NULL,
    tag_id integer NOT NULL
);

CREATE TABLE public.document_tokens (
    document_id integer NOT NULL,
    tokenizer text NOT NULL,
    data bytea NOT NULL,
    origin character varying(16) DEFAULT 'tokenizer'::character varying NOT NULL,
    CONSTRAINT document_tokens_origin_check CHECK (((origin)::text = ANY ((ARRAY['data'::character varying, 'tokenizer'::character varying])::text[])))
);

CREATE TABLE public.label (
    id integer NOT NULL,
    name character varying(64) NOT NULL,
    colour character varying(7) NOT NULL,
    hotkey character varying(16) NOT NULL,
    description text NOT NULL,
    "position" integer NOT NULL
);

CREATE SEQUENCE public.label_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.label_id_seq OWNED BY public.label.id;

CREATE TABLE public.preannotation (
    document_id integer NOT NULL,
    source text NOT NULL,
    finished_at timestamp without time zone NOT NULL
);

CREATE TABLE public.setting (
    key character varying(100) NOT NULL,
    value text NOT NULL
);

CREATE TABLE public.span (
    id integer NOT NULL,
    document_id integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    label_id integer NOT NULL,
    source text NOT NULL,
    status character varying(16) NOT NULL,
    note text NOT NULL,
    annotator text NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    meta text DEFAULT '{}'::text NOT NULL,
    span_group text DEFAULT ''::text NOT NULL,
    CONSTRAINT span_check CHECK (("end" > start)),
    CONSTRAINT span_start_check CHECK ((start >= 0)),
    CONSTRAINT span_status_check CHECK (((status)::text = ANY ((ARRAY['suggested'::character varying, 'accepted'::character varying, 'rejected'::character varying])::text[])))
);

CREATE SEQUENCE public.span_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.span_id_seq OWNED BY public.span.id;

CREATE TABLE public.span_tag (
    span_id integer NOT NULL,
    tag_id integer NOT NULL
);

CREATE TABLE public.suggestion_log (
    document_id integer NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL,
    label_id integer NOT NULL,
    source text NOT NULL,
    created_at timestamp without time zone NOT NULL
);

CREATE TABLE public.tag (
    id integer NOT NULL,
    name character varying(200) NOT NULL
);

CREATE SEQUENCE public.tag_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE public.tag_id_seq OWNED BY public.tag.id;

ALTER TABLE ONLY public.document ALTER COLUMN id SET DEFAULT nextval('public.document_id_seq'::regclass);

ALTER TABLE ONLY public.label ALTER COLUMN id SET DEFAULT nextval('public.label_id_seq'::regclass);

ALTER TABLE ONLY public.span ALTER COLUMN id SET DEFAULT nextval('public.span_id_seq'::regclass);

ALTER TABLE ONLY public.tag ALTER COLUMN id SET DEFAULT nextval('public.tag_id_seq'::regclass);

INSERT INTO public.label (id, name, colour, hotkey, description, "position") VALUES
    ('1', 'PERSON', '#ac9dfb', '1', 'People, including fictional', '0'),
    ('2', 'ORG', '#4be0cd', '2', 'Companies, agencies, institutions, armed groups', '1'),
    ('3', 'GPE', '#fbc159', '3', 'Countries, cities, states', '2'),
    ('4', 'LOC', '#fd9562', '4', 'Non-GPE locations, mountain ranges, bodies of water', '3'),
    ('5', 'NORP', '#f4a4de', '5', 'Nationalities or religious or political groups', '4'),
    ('6', 'FAC', '#7db0aa', '6', 'Buildings, airports, highways, bridges', '5'),
    ('7', 'EVENT', '#fbec85', '7', 'Named hurricanes, battles, wars, sports events', '6'),
    ('8', 'PRODUCT', '#c9f4cd', '8', 'Objects, vehicles, foods (not services)', '7'),
    ('9', 'WORK_OF_ART', '#e6d3ff', '9', 'Titles of books, songs, and so on', '8'),
    ('10', 'LAW', '#ff7d8d', 'L', 'Named documents made into laws', '9'),
    ('11', 'LANGUAGE', '#b9db81', 'G', 'Any named language', '10'),
    ('12', 'DATE', '#b8e7e5', 'D', 'Absolute or relative dates or periods', '11'),
    ('13', 'TIME', '#86cafd', 'T', 'Times smaller than a day', '12'),
    ('14', 'PERCENT', '#b7c0bd', 'P', 'Percentage, including "%"', '13'),
    ('15', 'MONEY', '#aea28e', 'M', 'Monetary values, including unit', '14'),
    ('16', 'QUANTITY', '#d0cba3', 'Q', 'Measurements, as of weight or distance', '15'),
    ('17', 'ORDINAL', '#d9b9ad', 'O', '"first", "second", and so on', '16'),
    ('18', 'CARDINAL', '#b0afc2', 'C', 'Numerals that do not fall under another type', '17');

INSERT INTO public.setting (key, value) VALUES
    ('schema_version', '8');

SELECT pg_catalog.setval('public.document_id_seq', 1, false);

SELECT pg_catalog.setval('public.label_id_seq', 18, true);

SELECT pg_catalog.setval('public.span_id_seq', 1, false);

SELECT pg_catalog.setval('public.tag_id_seq', 1, false);

ALTER TABLE ONLY public.document_counts
    ADD CONSTRAINT document_counts_pkey PRIMARY KEY (document_id);

ALTER TABLE ONLY public.document_labels
    ADD CONSTRAINT document_labels_pkey PRIMARY KEY (label_id, document_id);

ALTER TABLE ONLY public.document
    ADD CONSTRAINT document_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_pkey PRIMARY KEY (document_id, tag_id);

ALTER TABLE ONLY public.document_tokens
    ADD CONSTRAINT document_tokens_pkey PRIMARY KEY (document_id);

ALTER TABLE ONLY public.label
    ADD CONSTRAINT label_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.preannotation
    ADD CONSTRAINT preannotation_pkey PRIMARY KEY (document_id);

ALTER TABLE ONLY public.setting
    ADD CONSTRAINT setting_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_pkey PRIMARY KEY (span_id, tag_id);

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_pkey PRIMARY KEY (document_id, start, "end", label_id);

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT tag_pkey PRIMARY KEY (id);

CREATE INDEX document_counts_accepted ON public.document_counts USING btree (accepted);

CREATE INDEX document_counts_suggested ON public.document_counts USING btree (suggested);

CREATE INDEX document_search ON public.document USING gin (to_tsvector('simple'::regconfig, public.tagdesk_search_words(text)));

CREATE UNIQUE INDEX document_sha256 ON public.document USING btree (sha256);

CREATE INDEX document_status ON public.document USING btree (status);

CREATE INDEX document_tag_document_id ON public.document_tag USING btree (document_id);

CREATE INDEX document_tag_tag_id ON public.document_tag USING btree (tag_id);

CREATE INDEX document_title_nocase ON public.document USING btree (lower((title COLLATE "C")));

CREATE UNIQUE INDEX label_name ON public.label USING btree (name);

CREATE INDEX span_document_id_start_end ON public.span USING btree (document_id, start, "end");

CREATE INDEX span_tag_span_id ON public.span_tag USING btree (span_id);

CREATE INDEX span_tag_tag_id ON public.span_tag USING btree (tag_id);

CREATE INDEX suggestion_log_document_id ON public.suggestion_log USING btree (document_id);

CREATE INDEX suggestion_log_label_id ON public.suggestion_log USING btree (label_id);

CREATE UNIQUE INDEX tag_name ON public.tag USING btree (name);

CREATE TRIGGER document_counts_insert AFTER INSERT ON public.document FOR EACH ROW EXECUTE FUNCTION public.tagdesk_count_document();

CREATE TRIGGER span_counts_change AFTER INSERT OR DELETE ON public.span FOR EACH ROW EXECUTE FUNCTION public.tagdesk_count_span();

CREATE TRIGGER span_counts_update AFTER UPDATE OF status, label_id, document_id ON public.span FOR EACH ROW WHEN ((((old.status)::text <> (new.status)::text) OR (old.label_id <> new.label_id) OR (old.document_id <> new.document_id))) EXECUTE FUNCTION public.tagdesk_count_span();

ALTER TABLE ONLY public.document_counts
    ADD CONSTRAINT document_counts_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.document_tag
    ADD CONSTRAINT document_tag_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tag(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.document_tokens
    ADD CONSTRAINT document_tokens_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.preannotation
    ADD CONSTRAINT preannotation_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.span
    ADD CONSTRAINT span_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_span_id_fkey FOREIGN KEY (span_id) REFERENCES public.span(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.span_tag
    ADD CONSTRAINT span_tag_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES public.tag(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_document_id_fkey FOREIGN KEY (document_id) REFERENCES public.document(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.suggestion_log
    ADD CONSTRAINT suggestion_log_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id) ON DELETE CASCADE;
