# One image for the api, scheduler and crawler services (docker-compose.yml); the command picks the role.
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PANTAU_HOME=/data
COPY pyproject.toml README.md ./
COPY pantau ./pantau
COPY crawler ./crawler
COPY nlp ./nlp
COPY search_api ./search_api
COPY scrapy.cfg sources.yaml ./
RUN pip install --no-cache-dir . && useradd --create-home pantau && mkdir -p /data && chown pantau /data
USER pantau
VOLUME ["/data"]
EXPOSE 8000
CMD ["pantau", "serve", "--host", "0.0.0.0", "--port", "8000"]
