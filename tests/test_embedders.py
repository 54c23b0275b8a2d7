"""Both offline embedders load from installed packages and embed Chinese sensibly."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.search.embed import EmbedderError, get_embedder, m3e_small_path

pytestmark = pytest.mark.slow

QUERY = "没资格承揽设备监理业务罚多少"
NEAR = "未取得设备监理单位资格而承揽设备监理业务的，由县级以上市场监督管理部门责令改正，并处以1万元以上3万元以下罚款。"
FAR = "质量月活动 开展质量月宣传服务活动"


@pytest.mark.parametrize("name", ["use-multilingual", "sentence-transformers"])
def test_embedder_is_offline_normalised_and_sensible(name):
    embedder = get_embedder(name)
    vectors = embedder.embed([QUERY, NEAR, FAR])
    assert vectors.shape == (3, embedder.dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_m3e_ships_inside_the_package():
    path = m3e_small_path()
    assert (path / "config.json").is_file() and "site-packages" in str(path)


def test_unknown_embedder_and_bad_model_folder(tmp_path):
    with pytest.raises(EmbedderError, match="unknown embedder"):
        get_embedder("word2vec")
    with pytest.raises(EmbedderError, match="no such"):
        get_embedder("sentence-transformers", str(tmp_path / "nothing")).embed(["x"])
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{", encoding="utf-8")
    with pytest.raises(EmbedderError, match="cannot load"):
        get_embedder("sentence-transformers", str(tmp_path / "broken")).embed(["x"])
